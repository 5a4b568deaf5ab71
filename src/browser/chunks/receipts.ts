/** `dist/consentry-receipts.js`: consent receipts, fetched on the first decision of a page that logs them. */
import { sendReceipt } from '../../integrations/receipts'
import { answer } from '../chunk'

answer('receipts', sendReceipt)
