import { createGitopsDevApp } from './devApp';

createGitopsDevApp().render();
