package dev.codeexec.api.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The error statuses a handler can answer, each as problem+json ({@link ProblemBody}). The OpenAPI
 * document lists them for the operation ({@link OpenApiConfig}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@interface ProblemResponses {

    /** HTTP statuses, e.g. {@code {400, 401, 422}}. */
    int[] value();
}
