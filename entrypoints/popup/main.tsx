import { render } from 'preact';
render(<p>Descant</p>, document.getElementById('app')!);
