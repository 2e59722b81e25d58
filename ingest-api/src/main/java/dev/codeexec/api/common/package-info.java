/**
 * Types every API feature shares: who is calling ({@link dev.codeexec.api.common.Caller}) and why a
 * request is refused ({@link dev.codeexec.api.common.Refusal}). Depends on no feature package, so
 * features depend on it and never on each other through it.
 */
package dev.codeexec.api.common;
