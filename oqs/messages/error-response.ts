import { messageHeaderShape } from './message-header';
import { defineXmlMessage, type MessageModel } from './xml-message';

/**
 * The coded error envelope (§3.1, §3.2): SegmentOfResult 9 with ErrorCode and ErrorMessage in the
 * header and an empty body. Any response type may come back in this form when the request failed.
 */
export const errorResponse = defineXmlMessage('error', messageHeaderShape, {});

export type ErrorResponse = MessageModel<typeof messageHeaderShape, Record<string, never>>;
