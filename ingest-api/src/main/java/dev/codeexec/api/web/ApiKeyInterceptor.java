package dev.codeexec.api.web;

import dev.codeexec.api.auth.Authenticator;
import dev.codeexec.api.common.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Authenticates every API request from {@code Authorization: Bearer KEY} or {@code X-Api-Key: KEY}
 * and stores the {@link Caller} for the handler. A refusal becomes a 401 problem+json.
 */
final class ApiKeyInterceptor implements HandlerInterceptor {

    static final String CALLER = ApiKeyInterceptor.class.getName() + ".caller";
    private static final String BEARER = "bearer ";

    private final Authenticator authenticator;

    ApiKeyInterceptor(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if ("OPTIONS".equals(request.getMethod())) {
            return true;
        }
        Caller caller = authenticator.authenticate(presentedKey(request));
        if (caller.keyId().equals(Caller.anonymous().keyId())) {
            // anonymous callers share a tenant but are rate-limited per client address
            caller = new Caller(caller.tenant(), "anonymous:" + request.getRemoteAddr(), false);
        }
        request.setAttribute(CALLER, caller);
        return true;
    }

    static Optional<String> presentedKey(HttpServletRequest request) {
        String header = request.getHeader("X-Api-Key");
        if (header != null && !header.isBlank()) {
            return Optional.of(header.strip());
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.length() > BEARER.length()
                && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.of(authorization.substring(BEARER.length()).strip());
        }
        return Optional.empty();
    }
}
