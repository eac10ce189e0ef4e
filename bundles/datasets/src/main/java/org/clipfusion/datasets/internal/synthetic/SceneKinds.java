package org.clipfusion.datasets.internal.synthetic;

import java.util.List;

/** The synthetic categories there are, by name. */
final class SceneKinds {
    private static final List<SceneKind> KINDS =
            List.of(new CarpetTexture(), new GridTexture(), new DiscPart(), new TilePart());

    private SceneKinds() {
    }

    static List<String> names() {
        return KINDS.stream().map(SceneKind::name).toList();
    }

    /** @throws IllegalArgumentException for an unknown name, listing the known ones */
    static SceneKind named(String name) {
        for (SceneKind kind : KINDS) {
            if (kind.name().equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown synthetic category '" + name + "'; known: "
                + String.join(", ", names()));
    }
}
