package dev.codeexec.sink.jdbc;

import dev.codeexec.sink.persist.UnstorableRecordException;
import java.sql.SQLException;
import java.util.Optional;
import org.springframework.dao.DataAccessException;

/**
 * Tells data PostgreSQL refuses for good from a database that is away. SQLSTATE class 22 (data
 * exception: {@code 22P05} a {@code \u0000} escape in jsonb, {@code 22021} a NUL byte in text,
 * {@code 22P02} an unpaired surrogate escape in jsonb, values out of range) and class 23
 * (integrity constraint violation) depend only on the rows written; everything else (connection
 * failures, shutdowns, lock timeouts, serialization failures, a full disk) may pass.
 */
final class RefusedData {

    private RefusedData() {
    }

    /** {@code e} as an {@link UnstorableRecordException} when the data was refused, else {@code e} itself. */
    static RuntimeException classify(DataAccessException e) {
        return sqlState(e).filter(state -> state.startsWith("22") || state.startsWith("23"))
                .<RuntimeException>map(state -> new UnstorableRecordException(
                        "PostgreSQL refused the data (SQLSTATE " + state + "): " + message(e), e))
                .orElse(e);
    }

    private static Optional<String> sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException s = sql; s != null; s = s.getNextException()) {
                    if (s.getSQLState() != null && !s.getSQLState().startsWith("00")) {
                        return Optional.of(s.getSQLState());
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static String message(Throwable e) {
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            root = t;
            if (t instanceof SQLException sql && sql.getNextException() != null) {
                root = sql.getNextException();
                break;
            }
        }
        return String.valueOf(root.getMessage());
    }
}
