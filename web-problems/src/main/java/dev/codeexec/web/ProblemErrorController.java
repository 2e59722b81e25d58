package dev.codeexec.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The body of an error the web server forwards to its error page: one no handler answered itself
 * (a {@code TRACE} the server does not allow, an exception no handler caught, a status a filter
 * sent). Boot's own controller answers those with its JSON ({@code timestamp}, {@code error},
 * {@code path}); this one answers problem+json with the status's title only: never the exception's
 * message, which is logged where it was thrown.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:${error.path:/error}}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        // the error page asked for by name, not forwarded to: there is no endpoint there
        int status = code instanceof Integer forwarded && forwarded >= 400 ? forwarded : HttpStatus.NOT_FOUND.value();
        HttpStatus known = HttpStatus.resolve(status);
        String title = known != null ? known.getReasonPhrase() : "Error";
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setTitle(title);
        problem.setDetail(title);
        try {
            problem.setInstance(URI.create(uri instanceof String path ? path : request.getRequestURI()));
        } catch (IllegalArgumentException notAUri) {
            // the request URI as the server took it is not a URI reference: the problem goes without
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
