package dev.codeexec.web;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

/**
 * The body of an error Tomcat answers itself, before the application sees the request: a path with
 * a character or escape Tomcat refuses ({@code %2F}, {@code %5C}, {@code %00}, a bad {@code %}
 * escape, {@code |} or <code>{</code>), headers over the size limit. Tomcat's own valve answers those
 * with an HTML page; this one answers problem+json like the rest of the services. Where the request
 * reached the application, its own handlers have written the body already and this valve writes
 * nothing.
 */
public final class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return; // the connection is already broken: nobody would read a body
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known != null ? known.getReasonPhrase() : "Error";
        boolean badPath = status == 400 && (String.valueOf(response.getMessage()).startsWith("Invalid URI")
                || throwable != null && String.valueOf(throwable.getMessage()).contains("request target"));
        String detail = badPath
                ? "the request path holds a character or escape the server refuses (such as %2F, %5C, %00, an"
                        + " incomplete % escape, | or {); percent-encode the path's characters as RFC 3986 says"
                : status == 400
                        ? "the server could not read the request line or its headers (malformed, or over the size limit)"
                        : title;
        try {
            response.setSuspended(false);
            response.resetBuffer();
            ProblemBodies.write(response, status, title, detail, badPath ? "path" : status == 400 ? "request" : null);
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // the client went away, or the response cannot take a body: the status line is all it gets
        }
    }
}
