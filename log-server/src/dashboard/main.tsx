/** The dashboard's entry (`dist/dashboard/dashboard.js`): the app in `#app`, and the page's styles after uPlot's. */
import { render } from 'preact'
import { App } from './App'
// After the app's imports, so these rules come after uPlot's in dashboard.css and win ties.
import './dashboard.css'

const root = document.getElementById('app')
if (root) {
  root.textContent = ''
  render(<App />, root)
}
