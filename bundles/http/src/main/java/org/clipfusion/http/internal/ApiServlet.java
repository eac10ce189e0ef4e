package org.clipfusion.http.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.clipfusion.http.ApiToken;
import org.clipfusion.http.ApiTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes {@code /api/v1/*} (and {@code /metrics}) to their handlers after checking the bearer token, its role and the
 * client's request rate. Every refusal and every failure is a JSON error {@code {"error": {"code", "message"}}}; an
 * unexpected exception is logged with its stack trace and answered with a generic 500 that reveals nothing.
 */
final class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);

    private final transient List<Route> routes;
    private final transient ApiTokens tokens;
    private final transient RateLimiter rateLimiter;
    private final transient ObjectMapper json;
    private final long maxBodyBytes;

    ApiServlet(List<Route> routes, ApiTokens tokens, RateLimiter rateLimiter, ObjectMapper json, long maxBodyBytes) {
        this.routes = List.copyOf(routes);
        this.tokens = tokens;
        this.rateLimiter = rateLimiter;
        this.json = json;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        ApiCall call = null;
        try {
            Route route = null;
            Map<String, String> parameters = null;
            boolean pathKnown = false;
            for (Route candidate : routes) {
                Optional<Map<String, String>> match = candidate.match(path);
                if (match.isPresent()) {
                    pathKnown = true;
                    if (candidate.method().equals(request.getMethod())) {
                        route = candidate;
                        parameters = match.get();
                        break;
                    }
                }
            }
            if (route == null) {
                throw pathKnown
                        ? new ApiException(405, "method_not_allowed", request.getMethod() + " is not allowed on "
                                + request.getRequestURI())
                        : ApiException.notFound("not_found", "no such endpoint: " + request.getRequestURI());
            }
            ApiToken token = route.role() == null ? null : authenticate(request, route);
            String client = token != null ? "token:" + token.name() : "address:" + request.getRemoteAddr();
            long wait = route.role() == null ? 0 : rateLimiter.acquire(client, System.nanoTime());
            if (wait > 0) {
                response.setHeader("Retry-After", Long.toString(wait));
                throw new ApiException(429, "rate_limited", "too many requests from " + client.replaceFirst(
                        "^[a-z]+:", "") + "; retry after " + wait + " s (requestsPerSecond and burst in "
                        + "etc/org.clipfusion.http.cfg)");
            }
            call = new ApiCall(request, response, token, parameters, json, maxBodyBytes);
            route.handler().handle(call);
        } catch (ApiException e) {
            if (e.status() == 401) {
                response.setHeader("WWW-Authenticate", "Bearer realm=\"clipfusion\"");
            }
            writeError(response, e.status(), e.code(), e.getMessage());
        } catch (Exception e) {
            LOG.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
            writeError(response, 500, "internal_error", "the server failed to handle the request; see the log");
        }
    }

    private ApiToken authenticate(HttpServletRequest request, Route route) throws ApiException {
        String header = request.getHeader("Authorization");
        if (header == null || header.isBlank()) {
            throw new ApiException(401, "token_missing", "Authorization header missing: send 'Authorization: "
                    + "Bearer <token>' (create one with clipfusion:token-create)");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiException(401, "token_invalid", "Authorization header: expected 'Bearer <token>'");
        }
        ApiToken token = tokens.authenticate(header.substring(7).trim()).orElseThrow(() -> new ApiException(401,
                "token_invalid", "the bearer token is not valid (unknown or revoked)"));
        if (!token.role().includes(route.role())) {
            throw new ApiException(403, "forbidden", "token '" + token.name() + "' has role " + token.role().id()
                    + "; " + route.method() + " " + request.getRequestURI() + " needs " + route.role().id());
        }
        return token;
    }

    private void writeError(HttpServletResponse response, int status, String code, String message)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        ObjectNode body = json.createObjectNode();
        body.putObject("error").put("code", code).put("message", message).put("status", status);
        json.writeValue(response.getOutputStream(), body);
    }
}
