package dev.codeexec.api.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts each POST of a submission by the status it was answered with, whatever refused it (the
 * key check, the body cap, JSON reading, the use case). A batch answered 200 is counted item by
 * item by its controller instead.
 */
final class SubmissionOutcomeFilter extends OncePerRequestFilter {

    static final String BATCH_PATH = "/api/v1/submissions/batch";

    private final SubmissionOutcomes outcomes;

    SubmissionOutcomeFilter(SubmissionOutcomes outcomes) {
        this.outcomes = outcomes;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            boolean batchItemsCounted = BATCH_PATH.equals(request.getRequestURI()) && response.getStatus() == 200;
            if (!batchItemsCounted) {
                outcomes.answered(response.getStatus());
            }
        }
    }
}
