package org.clipfusion.shell.internal;

import static org.clipfusion.shell.internal.ShellFixtures.png;
import static org.clipfusion.shell.internal.ShellFixtures.proxy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.Decision;
import org.clipfusion.api.DetectionRequest;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.Detector;
import org.clipfusion.api.MapRole;
import org.clipfusion.api.Provenance;
import org.clipfusion.api.Threshold;
import org.clipfusion.engine.CategoryManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.service.cm.ConfigurationAdmin;

/** The commands' outcomes: what reaches the services, what is printed, and which inputs fail (non-zero exit). */
class CommandsTest {
    @TempDir
    Path root;

    private final List<DetectionRequest> requests = new ArrayList<>();

    @Test
    void detectOnAnEmptyFolderFailsInsteadOfPrintingAnEmptyTable() throws Exception {
        DetectCommand command = detect(Files.createDirectory(root.resolve("empty")).toString());
        try (ShellFixtures.Output output = new ShellFixtures.Output()) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, command::run);
            assertTrue(error.getMessage().contains("holds no images"), error.getMessage());
            assertEquals("", output.text());
        }
        assertTrue(requests.isEmpty());
    }

    @Test
    void detectRecursesWhenAskedAndKeepsSameNamedImagesApart() throws Exception {
        png(root.resolve("test/crack/000.png"), 3, 2);
        png(root.resolve("test/good/000.png"), 3, 2);
        DetectCommand command = detect(root.resolve("test").toString());
        command.recursive = true;
        command.output = root.resolve("out").toString();
        try (ShellFixtures.Output output = new ShellFixtures.Output()) {
            command.run();
            assertTrue(output.text().contains("crack/000.png"), output.text());
        }
        assertEquals(List.of("crack/000.png", "good/000.png"), requests.stream().map(r -> r.image().id()).toList());
        assertTrue(Files.size(root.resolve("out/crack/000_map.png")) > 0);
        assertTrue(Files.size(root.resolve("out/good/000_map.png")) > 0);
        assertTrue(Files.size(root.resolve("out/good/000_overlay.png")) > 0);
    }

    @Test
    void theCallerNamesRequestAndImage() throws Exception {
        png(root.resolve("cam/frame.png"), 3, 2);
        DetectCommand command = detect(root.resolve("cam/frame.png").toString());
        command.requestId = "line3-000042";
        command.imageId = "cam2/2026-12-07T05:00:00Z";
        try (ShellFixtures.Output output = new ShellFixtures.Output()) {
            command.run();
        }
        assertEquals("line3-000042", requests.get(0).requestId());
        assertEquals("cam2/2026-12-07T05:00:00Z", requests.get(0).image().id());
    }

    @Test
    void requestAndImageIdsNameOneImageOnly() throws Exception {
        png(root.resolve("cam/a.png"), 3, 2);
        png(root.resolve("cam/b.png"), 3, 2);
        DetectCommand command = detect(root.resolve("cam").toString());
        command.requestId = "r1";
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, command::run);
        assertTrue(error.getMessage().contains("but 2 images were given"), error.getMessage());
        assertTrue(requests.isEmpty());
    }

    @Test
    void categorySetRefusesBadNamesBeforeSavingAnything() {
        ConfigurationAdmin untouchable = proxy(ConfigurationAdmin.class, (method, args) -> {
            throw new AssertionError("ConfigurationAdmin." + method + " called for a name that is refused");
        });
        for (String name : List.of(".", "..", ".hidden", "a/b", "größe", "x".repeat(101))) {
            CategorySetCommand command = new CategorySetCommand();
            command.name = name;
            command.configurationAdmin = untouchable;
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, command::run, name);
            assertTrue(error.getMessage().startsWith("category name '" + name + "' "), error.getMessage());
            assertTrue(error.getMessage().contains("use --object"), error.getMessage());
        }
        CategorySetCommand command = new CategorySetCommand();
        command.name = "größe";
        command.configurationAdmin = untouchable;
        assertTrue(assertThrows(IllegalArgumentException.class, command::run).getMessage()
                .contains("ASCII letters"));
    }

    @Test
    void statusFailsWhileNotReady() throws Exception {
        StatusCommand command = new StatusCommand();
        command.bundleContext = contextWithoutServices();
        try (ShellFixtures.Output output = new ShellFixtures.Output()) {
            IllegalStateException error = assertThrows(IllegalStateException.class, command::run);
            assertEquals("ClipFusion is NOT READY", error.getMessage());
            assertTrue(output.text().contains("Runtime            NOT READY"), output.text());
        }
    }

    @Test
    void statusWaitsUpToItsLimit() throws Exception {
        StatusCommand command = new StatusCommand();
        command.bundleContext = contextWithoutServices();
        command.waitSeconds = 1;
        long start = System.nanoTime();
        try (ShellFixtures.Output output = new ShellFixtures.Output()) {
            IllegalStateException error = assertThrows(IllegalStateException.class, command::run);
            assertEquals("ClipFusion is NOT READY after waiting 1 s", error.getMessage());
        }
        assertTrue(System.nanoTime() - start >= 1_000_000_000L);
    }

    @Test
    void categoryRemoveDeletesConfigurationAndFit() throws Exception {
        List<String> calls = new ArrayList<>();
        org.osgi.service.cm.Configuration configuration = proxy(org.osgi.service.cm.Configuration.class,
                (method, args) -> {
                    calls.add("configuration." + method);
                    return null;
                });
        ConfigurationAdmin admin = proxy(ConfigurationAdmin.class, (method, args) -> {
            calls.add(method + " " + args[0]);
            return new org.osgi.service.cm.Configuration[] {configuration};
        });
        CategoryManager categories = proxy(CategoryManager.class, (method, args) -> {
            calls.add(method + " " + args[0]);
            return method.equals("category") ? Optional.empty() : null;
        });
        CategoryRemoveCommand command = new CategoryRemoveCommand();
        command.name = "hazelnut";
        command.configurationAdmin = admin;
        command.categories = categories;
        try (ShellFixtures.Output output = new ShellFixtures.Output()) {
            command.run();
            assertEquals("Category hazelnut removed, with its fit\n", output.text());
        }
        assertEquals(List.of("listConfigurations (&(service.factoryPid=org.clipfusion.category)(|(name=hazelnut)"
                + "(service.pid=org.clipfusion.category~hazelnut)))", "configuration.delete", "deleteFit hazelnut"),
                calls);
    }

    @Test
    void categoryRemoveOfAnUnknownNameFails() {
        CategoryRemoveCommand command = new CategoryRemoveCommand();
        command.name = "nothing";
        command.configurationAdmin = proxy(ConfigurationAdmin.class, (method, args) -> null);
        command.categories = proxy(CategoryManager.class, (method, args) -> {
            assertFalse(method.equals("deleteFit"));
            return Optional.empty();
        });
        assertEquals("unknown category 'nothing'",
                assertThrows(IllegalArgumentException.class, command::run).getMessage());
    }

    @Test
    void categoriesListsBadConfigurationsWithTheirErrors() throws Exception {
        CategoriesCommand command = new CategoriesCommand();
        command.categories = proxy(CategoryManager.class, (method, args) -> switch (method) {
            case "categories" -> List.of();
            case "invalidCategories" -> Map.of("cable", "category 'cable': property 'alphaSegmentation' must lie"
                    + " in [0, 1], got 3.0");
            default -> null;
        });
        try (ShellFixtures.Output output = new ShellFixtures.Output()) {
            command.run();
            assertEquals("Not applied (fix the configuration):\n  cable: category 'cable': property"
                    + " 'alphaSegmentation' must lie in [0, 1], got 3.0\n", output.text());
        }
    }

    private DetectCommand detect(String... images) {
        DetectCommand command = new DetectCommand();
        command.category = "hazelnut";
        command.images = List.of(images);
        command.detector = new Detector() {
            @Override
            public DetectionResult detect(DetectionRequest request) {
                requests.add(request);
                AnomalyMap map = new AnomalyMap(2, 2, new float[] {0, 1, 2, 3}, MapRole.FUSED, "test");
                return new DetectionResult(request.requestId(), request.partId(), request.image().id(), Instant.EPOCH,
                        3.0, map, Map.of(), Decision.UNDECIDED, Threshold.unset(), new Provenance("hazelnut",
                        List.of(), List.of(), 0.5, 0.5, "max", List.of(), 0, "test"));
            }

            @Override
            public Set<String> categories() {
                return Set.of("hazelnut");
            }
        };
        return command;
    }

    private static BundleContext contextWithoutServices() {
        Bundle bundle = proxy(Bundle.class, (method, args) -> method.equals("getVersion") ? new Version("1.2.3")
                : null);
        return proxy(BundleContext.class, (method, args) -> switch (method) {
            case "getBundle" -> bundle;
            case "getServiceReferences" -> List.of();
            default -> null;
        });
    }
}
