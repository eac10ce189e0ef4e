package org.clipfusion.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * {@code /dashboard/*}: the dashboard's static files from the bundle (no build step, nothing fetched from elsewhere).
 * They hold no data: the page asks for a token and reads everything through the API with it. A strict content
 * security policy allows only this origin.
 */
final class DashboardServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Map<String, String> FILES = Map.of(
            "/index.html", "text/html; charset=utf-8",
            "/dashboard.js", "text/javascript; charset=utf-8",
            "/dashboard.css", "text/css; charset=utf-8",
            "/favicon.svg", "image/svg+xml");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (path == null || path.equals("/")) {
            if (path == null) {
                response.sendRedirect(request.getRequestURI() + "/");
                return;
            }
            path = "/index.html";
        }
        String type = FILES.get(path);
        InputStream in = type == null ? null : DashboardServlet.class.getResourceAsStream("/dashboard" + path);
        if (in == null) {
            response.sendError(404);
            return;
        }
        try (in) {
            response.setContentType(type);
            response.setHeader("Cache-Control", "no-cache");
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("X-Frame-Options", "DENY");
            response.setHeader("Referrer-Policy", "no-referrer");
            response.setHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' blob: data:; "
                    + "connect-src 'self'; style-src 'self'; script-src 'self'; frame-ancestors 'none'");
            in.transferTo(response.getOutputStream());
        }
    }
}
