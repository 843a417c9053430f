console.log('Hello from orders!');
