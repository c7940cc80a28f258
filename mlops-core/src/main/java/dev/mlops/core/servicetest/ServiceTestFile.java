package dev.mlops.core.servicetest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code test_file}: a JSON array of requests, each {@code {"data": …, "to_file"?: …, "name"?: …,
 * "expect"?: {…}}}.
 */
public final class ServiceTestFile {

    private ServiceTestFile() {
    }

    /**
     * @param file the test file
     * @return its requests, in order
     * @throws ServiceTestException naming the file, and the request, when it is not a list of requests
     */
    public static List<ServiceTestCase> read(Path file) throws ServiceTestException {
        JsonNode root;
        try {
            root = Json.DATA.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new ServiceTestException(file + ": no such test file; create it or set test_file: null");
        } catch (JsonProcessingException e) {
            throw new ServiceTestException(file + ": not valid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ServiceTestException(file + ": cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isArray() || root.isEmpty()) {
            throw new ServiceTestException(file + ": a test file is a JSON list of requests such as [{\"data\":"
                    + " {…}, \"expect\": {\"status\": \"ok\"}}]");
        }
        List<ServiceTestCase> cases = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode item = root.get(i);
            String where = file + ": request " + (i + 1);
            if (!item.isObject() || !item.has("data")) {
                throw new ServiceTestException(where + " needs \"data\": what the service is called with");
            }
            JsonNode expect = item.get("expect");
            if (expect != null && !expect.isObject()) {
                throw new ServiceTestException(where + ": \"expect\" is an object of the fields the answer must"
                        + " hold, such as {\"status\": \"ok\"}");
            }
            if (expect != null) {
                Expectation.check(expect, where);
            }
            ObjectNode request = Json.DATA.createObjectNode();
            request.set("data", item.get("data"));
            if (item.has("to_file")) {
                request.set("to_file", item.get("to_file"));
            }
            String name = item.hasNonNull("name") ? item.get("name").asText() : "request " + (i + 1);
            cases.add(new ServiceTestCase(name, request,
                    expect != null ? expect : Json.DATA.createObjectNode().put("status", "ok")));
        }
        return cases;
    }
}
