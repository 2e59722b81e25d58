package dev.codeexec.api.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP/1.1 GET over an already connected (and checked) socket, with {@code Connection: close}.
 * Reads the status, headers (capped) and body (identity, Content-Length or chunked), enforcing the
 * size cap while streaming and the read timeout and overall deadline on every read.
 */
final class HttpExchange {

    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private HttpExchange() {
    }

    record Response(int status, Map<String, String> headers, byte[] body) {
        boolean isRedirect() {
            return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
        }

        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name));
        }
    }

    static Response get(Socket socket, URI uri, String hostHeader, long maxBytes, Duration readTimeout, long deadline)
            throws FetchException {
        try (socket) {
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
            if (target.contains("\r") || target.contains("\n") || hostHeader.contains("\r") || hostHeader.contains("\n")) {
                throw new FetchException(FetchException.Reason.SCHEME, "the URL holds line breaks");
            }
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: " + hostHeader
                    + "\r\nUser-Agent: codeexec-fetch/1\r\nAccept: */*\r\nAccept-Encoding: identity\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Reader in = new Reader(socket, socket.getInputStream(), readTimeout, deadline);
            String statusLine = in.line();
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new FetchException(FetchException.Reason.NETWORK, "the server did not answer HTTP/1.x");
            }
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new FetchException(FetchException.Reason.NETWORK, "malformed HTTP status");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = in.line(); !line.isEmpty(); line = in.line()) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
                }
            }
            Response head = new Response(status, headers, new byte[0]);
            if (head.isRedirect() || status < 200 || status > 299) {
                return head;
            }
            return new Response(status, headers, body(in, headers, maxBytes));
        } catch (SocketTimeoutException e) {
            throw new FetchException(FetchException.Reason.TIMEOUT, "the server was too slow");
        } catch (IOException e) {
            throw new FetchException(FetchException.Reason.NETWORK, "reading the response failed: " + e.getClass().getSimpleName());
        }
    }

    private static byte[] body(Reader in, Map<String, String> headers, long maxBytes) throws IOException, FetchException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String encoding = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT);
        if (encoding.contains("chunked")) {
            while (true) {
                String sizeLine = in.line();
                int semicolon = sizeLine.indexOf(';');
                long size;
                try {
                    size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
                } catch (NumberFormatException e) {
                    throw new FetchException(FetchException.Reason.NETWORK, "malformed chunked body");
                }
                if (size == 0) {
                    return body.toByteArray();
                }
                if (size < 0 || body.size() + size > maxBytes) {
                    throw tooLarge(maxBytes);
                }
                in.copy(body, size, maxBytes);
                in.line();
            }
        }
        String length = headers.get("content-length");
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                throw new FetchException(FetchException.Reason.NETWORK, "malformed Content-Length");
            }
            if (declared > maxBytes) {
                throw tooLarge(maxBytes);
            }
            in.copy(body, declared, maxBytes);
            return body.toByteArray();
        }
        in.copy(body, Long.MAX_VALUE, maxBytes);
        return body.toByteArray();
    }

    static FetchException tooLarge(long maxBytes) {
        return new FetchException(FetchException.Reason.TOO_LARGE, "the response is over " + maxBytes + " bytes");
    }

    /** Buffered reads that re-arm the socket timeout from the read timeout and the deadline each time. */
    private static final class Reader {
        private final Socket socket;
        private final InputStream in;
        private final long readTimeoutMs;
        private final long deadline;
        private final byte[] buffer = new byte[8192];
        private int pos;
        private int end;

        Reader(Socket socket, InputStream in, Duration readTimeout, long deadline) {
            this.socket = socket;
            this.in = in;
            this.readTimeoutMs = readTimeout.toMillis();
            this.deadline = deadline;
        }

        private boolean fill() throws IOException, FetchException {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new FetchException(FetchException.Reason.TIMEOUT, "the fetch deadline passed");
            }
            socket.setSoTimeout((int) Math.max(1, Math.min(readTimeoutMs, left)));
            int n = in.read(buffer);
            if (n < 0) {
                return false;
            }
            pos = 0;
            end = n;
            return true;
        }

        String line() throws IOException, FetchException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                if (pos == end && !fill()) {
                    throw new FetchException(FetchException.Reason.NETWORK, "the connection closed early");
                }
                byte b = buffer[pos++];
                if (b == '\n') {
                    byte[] bytes = line.toByteArray();
                    int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
                }
                line.write(b);
                if (line.size() > MAX_HEADER_BYTES) {
                    throw new FetchException(FetchException.Reason.TOO_LARGE, "response headers are too large");
                }
            }
        }

        /** Copies up to {@code count} bytes (until EOF when unbounded), failing once {@code out} passes the cap. */
        void copy(ByteArrayOutputStream out, long count, long maxBytes) throws IOException, FetchException {
            long left = count;
            while (left > 0) {
                if (pos == end && !fill()) {
                    if (count == Long.MAX_VALUE) {
                        return;
                    }
                    throw new FetchException(FetchException.Reason.NETWORK, "the body ended early");
                }
                int n = (int) Math.min(left, end - pos);
                if (out.size() + n > maxBytes) {
                    throw tooLarge(maxBytes);
                }
                out.write(buffer, pos, n);
                pos += n;
                left -= n;
            }
        }
    }
}
