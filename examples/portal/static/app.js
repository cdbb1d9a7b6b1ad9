// Starts GOV.UK Frontend's components on the page: the error summary
// (focused after a failed submit), the character count, the service
// navigation's menu button, the skip link, radios and checkboxes.
import { initAll } from './govuk/govuk-frontend.min.js'

initAll()
