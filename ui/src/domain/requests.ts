// Rules for what the officer writes in the action dialogs.

/** 申请改派 needs a real explanation: at least this many characters… */
export const REASSIGN_MIN_CHARS = 15;

/** …ending like a sentence. */
const SENTENCE_END = /[。！？.!?…]$/u;

export const FIRST_RECEIVER_WARNING =
  "根据首接负责制，工单派至本单位即由本单位牵头办理，不得推诿、一退了之；申请改派仅适用于确属派单错误的情况，并将计入派单准确率考核。";

/** Characters as people count them (a Chinese character is one). */
export function charCount(text: string): number {
  return [...text.trim()].length;
}

/** Why a 改派 reason cannot be sent yet, or null when it can. */
export function reassignReasonProblem(reason: string): string | null {
  const n = charCount(reason);
  if (n < REASSIGN_MIN_CHARS) return `请说明派单错误的具体理由（至少 ${REASSIGN_MIN_CHARS} 字，已写 ${n} 字）`;
  if (!SENTENCE_END.test(reason.trim())) return "理由请写成完整的句子（以句号等结尾）";
  return null;
}

/** A plain non-empty check for the other dialogs. */
export function isFilled(text: string): boolean {
  return text.trim().length > 0;
}
