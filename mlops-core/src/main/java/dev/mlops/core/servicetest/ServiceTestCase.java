package dev.mlops.core.servicetest;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One request of a {@code test_file}, with what its answer must hold.
 *
 * @param name    how the report names it: the request's {@code name}, or {@code request N}
 * @param request the call's body: {@code data} and, if given, {@code to_file}
 * @param expect  fields the answer must have with these values; {@code {"status": "ok"}} when not given
 */
public record ServiceTestCase(String name, JsonNode request, JsonNode expect) {
}
