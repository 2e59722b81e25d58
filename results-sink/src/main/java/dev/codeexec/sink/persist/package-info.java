/**
 * Use cases of the sink: persist results and record status events, idempotently, through the
 * {@link dev.codeexec.sink.persist.ResultStorePort} and the object store port.
 */
package dev.codeexec.sink.persist;
