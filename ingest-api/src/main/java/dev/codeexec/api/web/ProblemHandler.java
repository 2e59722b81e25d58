package dev.codeexec.api.web;

import dev.codeexec.api.common.Refusal;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.apache.tomcat.util.http.fileupload.impl.FileCountLimitExceededException;
import org.apache.tomcat.util.http.fileupload.impl.SizeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every error leaves as problem+json (RFC 9457) naming the field and the reason. Bad input is
 * never a 500, and no response carries a stack trace.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    /** Jackson's message for a name given twice in one object (strict duplicate detection). */
    private static final Pattern DUPLICATE_NAME = Pattern.compile("^Duplicate Object property \"(.*)\"$");
    /** The parser's note on where an unclosed object or array began, in a source it does not show. */
    private static final Pattern SOURCE_NOTE = Pattern.compile("\\s*\\(start marker at \\[Source: REDACTED.*$");
    /** Tomcat's message names the parameter it could not decode: "... Parameter [NAME] with value ...". */
    private static final Pattern UNDECODABLE_PARAMETER = Pattern.compile("Parameter \\[([A-Za-z0-9_.-]{1,64})\\] with value");

    @ExceptionHandler(Refusal.class)
    ResponseEntity<ProblemDetail> refused(Refusal refusal) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(Problems.status(refusal.kind()));
        if (refusal.retryAfterSeconds() > 0) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(refusal.retryAfterSeconds()));
        }
        if (refusal.kind() == Refusal.Kind.UNAUTHENTICATED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return response.body(Problems.of(refusal));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        Class<?> type = e.getRequiredType();
        String expected = type == Boolean.class || type == boolean.class ? "must be true or false"
                : type == Integer.class || type == int.class || type == Long.class || type == long.class
                        ? "must be a whole number"
                        : "has the wrong type";
        return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST,
                "'" + e.getName() + "' " + expected, e.getName()));
    }

    /**
     * A query (or form) parameter Tomcat cannot decode: an incomplete {@code %} escape, or escaped
     * bytes that are not UTF-8. The field is the parameter's name when Tomcat's message gives a plain
     * one, else {@code query}.
     */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> undecodableParameter(InvalidParameterException e) {
        Matcher name = UNDECODABLE_PARAMETER.matcher(String.valueOf(e.getMessage()));
        String field = name.find() ? name.group(1) : "query";
        return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, "'" + field
                + "' cannot be decoded: percent-encode it as UTF-8 (an incomplete % escape, or bytes that are not"
                + " UTF-8, are refused)", field));
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> multipart(MultipartException e) {
        if (causedBy(e, BodySizeFilter.BodyTooLargeException.class)) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(Problems.of(HttpStatus.CONTENT_TOO_LARGE,
                    "the upload is over the size limit", "body"));
        }
        return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST,
                "the multipart body cannot be read", "body"));
    }

    /** The database is down or overloaded: an infrastructure failure, never the client's fault. */
    @ExceptionHandler({TransientDataAccessException.class, DataAccessResourceFailureException.class,
        CannotCreateTransactionException.class})
    ResponseEntity<ProblemDetail> databaseUnavailable(Exception e) {
        log.warn("database unavailable: {}", e.toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                        "the database is unavailable; retry later"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("unexpected error", e);
        return ResponseEntity.internalServerError().body(ProblemDetail.forStatusAndDetail(
                HttpStatus.INTERNAL_SERVER_ERROR, "internal error; it was logged"));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (causedBy(e, BodySizeFilter.BodyTooLargeException.class)) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(Problems.of(
                    HttpStatus.CONTENT_TOO_LARGE, "the request body is over the size limit", "body"));
        }
        JacksonException json = cause(e, JacksonException.class);
        Matcher duplicate = json == null ? null : DUPLICATE_NAME.matcher(String.valueOf(json.getOriginalMessage()));
        if (duplicate != null && duplicate.find()) {
            String field = json.getPath().isEmpty() ? duplicate.group(1) : path(json.getPath()) + "." + duplicate.group(1);
            return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST,
                    "'" + field + "' is given twice; give it once", field));
        }
        if (json != null && !json.getPath().isEmpty()) {
            String field = path(json.getPath());
            String reason = json instanceof UnrecognizedPropertyException ? "'" + field + "' is not a known field"
                    : "'" + field + "' " + expected(json);
            return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, reason, field));
        }
        String detail = json == null ? "the request body is missing or not readable" : unreadable(json);
        return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, detail, "body"));
    }

    /**
     * The web server's form parser stops at a limit of its own: the body cap is checked before (by
     * {@link BodySizeFilter}), so what lands here is a form with too many parts or a part whose
     * headers (its file name) are too long. Spring calls all of them "Maximum upload size exceeded".
     */
    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        FileCountLimitExceededException parts = cause(e, FileCountLimitExceededException.class);
        if (parts != null) {
            return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, "the form has more than "
                    + parts.getLimit() + " parts; an upload takes sourceCode and a few fields (stdin, language)", "body"));
        }
        SizeException size = cause(e, SizeException.class);
        if (size != null && String.valueOf(size.getMessage()).startsWith("Header section")) {
            return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, "a part's headers are over "
                    + size.getPermittedSize() + " bytes; is its file name that long?", "body"));
        }
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(Problems.of(HttpStatus.CONTENT_TOO_LARGE,
                "the upload is over the size limit", "body"));
    }

    /** 415 naming what the endpoint takes, and that no Content-Type was given when none was (not "'null'"). */
    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String takes = e.getSupportedMediaTypes().stream().map(MediaType::toString).collect(Collectors.joining(" or "));
        String given = e.getContentType() == null ? "no Content-Type was given" : "not " + e.getContentType();
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).headers(headers).body(Problems.of(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE, "this endpoint takes " + takes + "; " + given, "Content-Type"));
    }

    /** A path no endpoint serves: said so, not as the static resource Spring looked for last. */
    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String path = request instanceof ServletWebRequest servlet ? servlet.getRequest().getRequestURI() : "/" + e.getResourcePath();
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "no endpoint answers " + e.getHttpMethod() + " " + path + "; /api/v1/docs lists them"));
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST,
                "'" + e.getParameterName() + "' is required", e.getParameterName()));
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestPart(MissingServletRequestPartException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST,
                "'" + e.getRequestPartName() + "' is required", e.getRequestPartName()));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        if (status.is5xxServerError()) {
            log.error("server error", e);
        }
        return super.handleExceptionInternal(e, body, headers, status, request);
    }

    /**
     * Why a body could not be read at its top level. Not JSON: the parser's reason and where (its
     * note on a source it does not show is dropped). Valid JSON of another shape (an array, a number,
     * a string) or more than one value: said plainly, as Jackson's words for those name the Java
     * class the body would have become, which is none of the client's business.
     */
    private static String unreadable(JacksonException json) {
        if (json instanceof StreamReadException) {
            String reason = SOURCE_NOTE.matcher(firstLine(json.getOriginalMessage())).replaceAll("");
            TokenStreamLocation at = json.getLocation();
            return "the body is not valid JSON: " + reason
                    + (at != null && at.getLineNr() > 0 ? " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")" : "");
        }
        if (String.valueOf(json.getOriginalMessage()).startsWith("Trailing token")) {
            return "the body holds more after its JSON object; send exactly one JSON object";
        }
        return "the body must be a JSON object";
    }

    /** What a value of the wrong JSON type should have been, as far as the target type tells. */
    private static String expected(JacksonException json) {
        Class<?> target = json instanceof MismatchedInputException mismatch ? mismatch.getTargetType() : null;
        if (target == String.class) {
            return "must be a JSON string";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "must be true or false";
        }
        if (json instanceof InputCoercionException || causedBy(json, InputCoercionException.class)) {
            return "is out of range";
        }
        if (target != null && (Number.class.isAssignableFrom(target) || target == int.class || target == long.class)) {
            return "must be a JSON number without a fraction";
        }
        return "has the wrong type or form";
    }

    private static String path(List<JacksonException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JacksonException.Reference ref : path) {
            if (ref.getPropertyName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        return cause(e, type) != null;
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
