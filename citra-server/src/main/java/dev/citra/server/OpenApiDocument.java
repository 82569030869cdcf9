package dev.citra.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The OpenAPI 3.1 description of the routes ({@code GET /openapi.json}), made from the route table. */
final class OpenApiDocument {
    private OpenApiDocument() {}

    static Map<String, Object> of(List<ApiRoute> routes, String version, boolean apiKey) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.1.0");
        doc.put("info", Map.of("title", "citra", "version", version,
                "description", "Serve citra's image models: list them, send an image, get the most probable classes."
                        + " Errors are RFC 9457 problem details. The live camera's WebSocket, /api/live?model=NAME&mode="
                        + "expression|drowsiness|classify, takes JPEG frames as binary messages and answers each with a JSON"
                        + " text message (see the README)."));
        Map<String, Object> paths = new TreeMap<>();
        for (ApiRoute route : routes) {
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(route.path(), p -> new LinkedHashMap<>());
            item.put(route.method().name().toLowerCase(Locale.ROOT), operation(route, apiKey));
        }
        doc.put("paths", paths);
        Map<String, Object> components = new LinkedHashMap<>();
        components.put("schemas", Map.of("Problem", Map.of("type", "object", "properties", Map.of(
                "type", Map.of("type", "string"), "title", Map.of("type", "string"),
                "status", Map.of("type", "integer"), "detail", Map.of("type", "string"),
                "instance", Map.of("type", "string")))));
        if (apiKey) {
            components.put("securitySchemes", Map.of("apiKey", Map.of("type", "apiKey", "in", "header", "name", "X-API-Key")));
        }
        doc.put("components", components);
        return doc;
    }

    private static Map<String, Object> operation(ApiRoute route, boolean apiKey) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("summary", route.summary());
        List<Map<String, Object>> params = new java.util.ArrayList<>();
        for (String name : route.pathParameters()) {
            params.add(Map.of("name", name, "in", "path", "required", true, "schema", Map.of("type", "string")));
        }
        new TreeMap<>(route.queryParameters()).forEach((name, description) -> params.add(Map.of("name", name, "in", "query",
                "required", false, "description", description, "schema", Map.of("type", "integer"))));
        if (!params.isEmpty()) {
            op.put("parameters", params);
        }
        if (route.takesImage()) {
            Map<String, Object> binary = Map.of("type", "string", "format", "binary");
            op.put("requestBody", Map.of("required", true, "content", Map.of(
                    "multipart/form-data", Map.of("schema", Map.of("type", "object", "required", List.of(ImageUpload.FIELD),
                            "properties", Map.of(ImageUpload.FIELD, binary))),
                    "image/*", Map.of("schema", binary),
                    "application/octet-stream", Map.of("schema", binary))));
        }
        Map<String, Object> responses = new TreeMap<>();
        responses.put("200", Map.of("description", "OK", "content", Map.of(route.produces(), Map.of())));
        Map<Integer, String> errors = new TreeMap<>(route.errors());
        if (route.guarded() && apiKey) {
            errors.put(401, "The API key is missing or wrong.");
            op.put("security", List.of(Map.of("apiKey", List.of())));
        }
        errors.forEach((status, when) -> responses.put(String.valueOf(status), Map.of("description", when, "content",
                Map.of(Problem.MEDIA_TYPE, Map.of("schema", Map.of("$ref", "#/components/schemas/Problem"))))));
        op.put("responses", responses);
        return op;
    }
}
