import { render, screen } from '@testing-library/react';
import { LogoFull } from './LogoFull';
import { LogoIcon } from './LogoIcon';

describe('drktrc logo', () => {
  it('shows the name next to the mark when the sidebar is open', () => {
    render(<LogoFull />);
    const logo = screen.getByRole('img', { name: 'drktrc' });
    expect(logo).toHaveTextContent('drktrc');
    expect(logo.querySelectorAll('path')).toHaveLength(2);
  });

  it('shows the mark alone, still named drktrc, when the sidebar is closed', () => {
    render(<LogoIcon />);
    const logo = screen.getByRole('img', { name: 'drktrc' });
    expect(logo).toHaveTextContent('');
    expect(logo.querySelectorAll('path')).toHaveLength(2);
  });
});
