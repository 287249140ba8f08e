package scalelab.core.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Every error answer of every scalelab service: {@code {"error","message","details"}}.
 *
 * @param error an UPPER_SNAKE code clients can switch on, e.g. {@code ALBUM_NOT_FOUND}
 * @param message one human-readable sentence
 * @param details optional specifics (the bad fields, the ids involved); omitted when null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String error, String message, String details) {}
