package org.clipfusion.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The exported API shares no mutable state between bundles: every public static field of a public class is final
 * and of a type that cannot be changed through it (an array can: {@code VISA[0] = "x"} would rename an object for
 * every scorer in the container).
 */
class ApiSurfaceTest {

    @Test
    void everyPublicStaticFieldIsAFinalNonArrayConstant() throws Exception {
        List<String> offenders = new ArrayList<>();
        for (Class<?> type : apiClasses()) {
            for (Field field : type.getDeclaredFields()) {
                int modifiers = field.getModifiers();
                if (!Modifier.isPublic(modifiers) || !Modifier.isStatic(modifiers) || field.isEnumConstant()) {
                    continue;
                }
                if (!Modifier.isFinal(modifiers) || field.getType().isArray()) {
                    offenders.add(type.getName() + "." + field.getName());
                }
            }
        }
        assertEquals(List.of(), offenders);
    }

    /**
     * Every interface says who implements it, so that bnd gives importers the right version range and baselining
     * knows whether adding a method is a minor (provider type) or a major (consumer type) change. The annotations are
     * not retained at run time, so the class file is searched for them.
     */
    @Test
    void everyInterfaceIsMarkedProviderOrConsumerType() throws Exception {
        List<String> unmarked = new ArrayList<>();
        for (Class<?> type : apiClasses()) {
            if (!type.isInterface() || type.isAnnotation()) {
                continue;
            }
            String resource = "/" + type.getName().replace('.', '/') + ".class";
            String classFile;
            try (var in = type.getResourceAsStream(resource)) {
                classFile = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            }
            if (!classFile.contains("Lorg/osgi/annotation/versioning/ProviderType;")
                    && !classFile.contains("Lorg/osgi/annotation/versioning/ConsumerType;")) {
                unmarked.add(type.getName());
            }
        }
        assertEquals(List.of(), unmarked);
    }

    private static List<Class<?>> apiClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(Detector.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> types = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                if (name.contains(".internal.") || name.endsWith("package-info")) {
                    continue;
                }
                Class<?> type = Class.forName(name, false, ApiSurfaceTest.class.getClassLoader());
                if (Modifier.isPublic(type.getModifiers())) {
                    types.add(type);
                }
            }
        }
        if (types.size() < 10) {
            throw new IllegalStateException("found only " + types + " under " + classes);
        }
        return types;
    }
}
