package org.clipfusion.http.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.clipfusion.http.ApiRole;

/**
 * One endpoint: method, path template ({@code /results/{requestId}/overlay.png}), the role it needs (null: none, only
 * {@code /health}) and its handler.
 */
record Route(String method, String template, ApiRole role, Handler handler) {

    interface Handler {
        void handle(ApiCall call) throws Exception;
    }

    Pattern pattern() {
        StringBuilder regex = new StringBuilder();
        Matcher names = Pattern.compile("\\{([A-Za-z]+)}|([^{]+)").matcher(template);
        while (names.find()) {
            regex.append(names.group(1) != null ? "([^/]+)" : Pattern.quote(names.group(2)));
        }
        return Pattern.compile(regex.toString());
    }

    List<String> parameterNames() {
        List<String> result = new ArrayList<>();
        Matcher names = Pattern.compile("\\{([A-Za-z]+)}").matcher(template);
        while (names.find()) {
            result.add(names.group(1));
        }
        return result;
    }

    /** The path parameters (URL-decoded by the container already) when the path fits the template. */
    Optional<Map<String, String>> match(String path) {
        Matcher matcher = pattern().matcher(path);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        List<String> names = parameterNames();
        for (int i = 0; i < names.size(); i++) {
            parameters.put(names.get(i), matcher.group(i + 1));
        }
        return Optional.of(parameters);
    }
}
