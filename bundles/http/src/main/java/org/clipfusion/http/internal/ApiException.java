package org.clipfusion.http.internal;

/**
 * A request the API refuses, with the HTTP status, a stable machine-readable code (clients branch on it; it never
 * changes once released) and a message naming the input and the problem.
 */
final class ApiException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;

    ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }

    static ApiException notFound(String code, String message) {
        return new ApiException(404, code, message);
    }
}
