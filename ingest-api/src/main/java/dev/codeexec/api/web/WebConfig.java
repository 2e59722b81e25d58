package dev.codeexec.api.web;

import dev.codeexec.api.ApiProperties;
import dev.codeexec.api.submission.LiveEvents;
import dev.codeexec.api.submission.QuerySubmissions;
import java.util.concurrent.ScheduledExecutorService;
import dev.codeexec.api.auth.Authenticator;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/** Wires authentication, the body cap, the submission counter and the wait policy into Spring MVC. */
@Configuration(proxyBeanMethods = false)
class WebConfig implements WebMvcConfigurer {

    /** Paths that need no API key: they carry their own signature, or describe the API. */
    static final String[] PUBLIC_PATHS = {"/api/v1/objects/**", "/api/v1/openapi.json", "/api/v1/openapi.json/**",
        "/api/v1/docs", "/api/v1/docs/**"};

    private final Authenticator authenticator;

    WebConfig(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new ApiKeyInterceptor(authenticator))
                .addPathPatterns("/api/v1/**")
                .excludePathPatterns(PUBLIC_PATHS);
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerResolver());
    }

    @Bean
    FilterRegistrationBean<BodySizeFilter> bodySizeFilter(ApiProperties properties) {
        FilterRegistrationBean<BodySizeFilter> registration =
                new FilterRegistrationBean<>(new BodySizeFilter(properties.maxBodyBytes()));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 100);
        return registration;
    }

    @Bean
    SubmissionOutcomes submissionOutcomes(MeterRegistry registry) {
        return new SubmissionOutcomes(registry);
    }

    /** Outermost, so it sees the status of refusals by the body cap and the key check too. */
    @Bean
    FilterRegistrationBean<SubmissionOutcomeFilter> submissionOutcomeFilter(SubmissionOutcomes outcomes) {
        FilterRegistrationBean<SubmissionOutcomeFilter> registration =
                new FilterRegistrationBean<>(new SubmissionOutcomeFilter(outcomes));
        registration.addUrlPatterns("/api/v1/submissions", SubmissionOutcomeFilter.BATCH_PATH, "/api/v1/submission",
                "/api/v1/submission/url");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /**
     * Requests are read strictly: an unknown field, a fraction where an integer goes, a scalar of
     * another JSON type ({@code "source": 5}, {@code "cpuTimeMs": "1000"}) or a name given twice in
     * one object (which value counts would be a guess) is an error, not dropped, converted or chosen.
     */
    @Bean
    JsonMapperBuilderCustomizer strictRequests() {
        return builder -> builder.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfig(LogicalType.Textual, text -> text
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }

    @Bean
    SubmissionEventsController.EventsPolicy eventsPolicy(ApiProperties properties) {
        return new SubmissionEventsController.EventsPolicy(properties.events().timeout());
    }

    @Bean
    Following following(QuerySubmissions query, LiveEvents live, ScheduledExecutorService liveReaders,
            ApiProperties properties) {
        return new Following(query, live, liveReaders, properties.retryAfterSeconds());
    }

    @Bean
    SubmissionController.WaitPolicy waitPolicy(ApiProperties properties) {
        return new SubmissionController.WaitPolicy(properties.waitDefault(), properties.waitMax());
    }
}
