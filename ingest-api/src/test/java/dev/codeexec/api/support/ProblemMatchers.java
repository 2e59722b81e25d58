package dev.codeexec.api.support;

import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultMatcher;

/**
 * What every refusal of the API is (README, "The REST API"): an {@code application/problem+json}
 * body whose {@code status} is the HTTP status, and which names the field at fault when there is one.
 */
public final class ProblemMatchers {

    private ProblemMatchers() {
    }

    /** A problem answered with {@code status}, its body saying the same status. */
    public static ResultMatcher problem(int status) {
        return all(status().is(status), content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON),
                jsonPath("$.status").value(status));
    }

    /** A problem answered with {@code status} that names {@code field} as the one at fault. */
    public static ResultMatcher problem(int status, String field) {
        return all(problem(status), jsonPath("$.field").value(field));
    }

    private static ResultMatcher all(ResultMatcher... matchers) {
        return result -> {
            for (ResultMatcher matcher : matchers) {
                matcher.match(result);
            }
        };
    }
}
