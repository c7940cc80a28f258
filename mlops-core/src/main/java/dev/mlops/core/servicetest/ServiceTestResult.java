package dev.mlops.core.servicetest;

import java.util.List;
import java.util.Optional;

/**
 * What one request of a service test got.
 *
 * @param testCase the request
 * @param status   the HTTP status of the answer
 * @param response the answer's body
 * @param millis   how long the call took
 * @param failure  why the answer did not meet the expectation; empty when it did
 */
public record ServiceTestResult(ServiceTestCase testCase, int status, String response, double millis,
                               Optional<String> failure) {

    /**
     * @return whether every result passed
     */
    public static boolean allPassed(List<ServiceTestResult> results) {
        return results.stream().allMatch(r -> r.failure().isEmpty());
    }
}
