/**
 * Whether an error from either driver (wrapped by drizzle or not) is a unique violation of the
 * named constraint or index, for a verb that turns a race past its own check into a DomainError.
 */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const fields = e as {
      code?: unknown;
      constraint?: unknown;
      constraint_name?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    if (fields.code === "23505") {
      const named = fields.constraint ?? fields.constraint_name;
      if (named === constraint) return true;
      if (typeof fields.message === "string" && fields.message.includes(constraint)) return true;
    }
    e = fields.cause;
  }
  return false;
}
