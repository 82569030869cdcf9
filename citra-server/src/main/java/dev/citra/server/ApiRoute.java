package dev.citra.server;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Map;

/**
 * One endpoint: what the router registers and what the OpenAPI document says about it, from one
 * place so the two cannot drift apart.
 *
 * @param path Javalin's path, with {@code {name}} parameters
 * @param produces the media type of a successful answer
 * @param takesImage whether the body is an image (multipart field {@code image} or raw bytes)
 * @param queryParameters optional query parameters and what they do
 * @param errors the statuses it may answer besides 200, each with when
 */
record ApiRoute(HandlerType method, String path, String summary, String produces, boolean takesImage,
        Map<String, String> queryParameters, Map<Integer, String> errors, Handler handler) {
    ApiRoute {
        queryParameters = Map.copyOf(queryParameters);
        errors = Map.copyOf(errors);
    }

    static ApiRoute get(String path, String summary, String produces, Map<Integer, String> errors, Handler handler) {
        return new ApiRoute(HandlerType.GET, path, summary, produces, false, Map.of(), errors, handler);
    }

    /** Whether it changes state or spends compute, so an API key guards it when one is set. */
    boolean guarded() {
        return method != HandlerType.GET && method != HandlerType.HEAD;
    }

    /** The names of its path parameters, in order. */
    List<String> pathParameters() {
        return java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path).results().map(m -> m.group(1)).toList();
    }
}
