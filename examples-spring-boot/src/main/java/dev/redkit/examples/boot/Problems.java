package dev.redkit.examples.boot;

import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** RFC 9457 errors the routes answer with. */
final class Problems {

    private Problems() {}

    static ErrorResponseException of(HttpStatus status, String detail) {
        return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
    }

    static ErrorResponseException retryLater(String detail, Duration after) {
        ErrorResponseException e = of(HttpStatus.TOO_MANY_REQUESTS, detail);
        e.getHeaders().set("Retry-After", Long.toString(Math.max(1, (after.toMillis() + 999) / 1000)));
        return e;
    }
}
