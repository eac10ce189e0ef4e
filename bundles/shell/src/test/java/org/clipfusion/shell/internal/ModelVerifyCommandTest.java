package org.clipfusion.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.clipfusion.tensor.DType;
import org.clipfusion.tensor.SafetensorsWriter;
import org.clipfusion.tensor.Sha256;
import org.clipfusion.tensor.verify.CheckpointSpec;
import org.clipfusion.tensor.verify.ChecksumList;
import org.clipfusion.tensor.verify.ModelArchitecture;
import org.clipfusion.tensor.verify.TensorSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/** The command's outcome: the report on standard output, and an exception (non-zero exit) when anything is wrong. */
class ModelVerifyCommandTest {
    @TempDir
    Path directory;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private PrintStream originalOut;

    @BeforeEach
    void captureOutput() throws IOException {
        originalOut = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        new SafetensorsWriter().addFloats("w", DType.F16, new long[] {2, 2}, new float[4])
                .writeTo(directory.resolve("model.safetensors"));
    }

    @AfterEach
    void restoreOutput() {
        System.setOut(originalOut);
    }

    @Test
    void aMatchingDirectoryPrintsOk() throws Exception {
        Files.writeString(directory.resolve(ChecksumList.FILE_NAME),
                Sha256.of(directory.resolve("model.safetensors")) + "  model.safetensors\n");
        command(new long[] {2, 2}).run();
        String output = printed.toString(StandardCharsets.UTF_8);
        assertTrue(output.contains("model.safetensors: 1 tensors against config.json: OK"), output);
        assertTrue(output.contains("model.safetensors: SHA-256: OK"), output);
        assertTrue(output.endsWith("Result: OK\n"), output);
    }

    @Test
    void aMismatchPrintsTheReportAndFailsWithItsSummary() {
        ModelVerifyCommand command = command(new long[] {4});
        command.skipChecksums = true;
        IllegalStateException error = assertThrows(IllegalStateException.class, command::run);
        assertEquals(directory + " is not a valid tiny model: 1 wrong shape", error.getMessage());
        String output = printed.toString(StandardCharsets.UTF_8);
        assertTrue(output.contains("    wrong shape w: expected [4], found [2, 2]"), output);
    }

    @Test
    void notADirectoryIsRefused() {
        ModelVerifyCommand command = command(new long[] {2, 2});
        command.directory = directory.resolve("model.safetensors").toString();
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, command::run);
        assertTrue(error.getMessage().endsWith("model.safetensors is not a directory"), error.getMessage());
    }

    private ModelVerifyCommand command(long[] expectedShape) {
        ModelVerifyCommand command = new ModelVerifyCommand();
        command.directory = directory.toString();
        command.bundleContext = contextWith(architecture(expectedShape));
        return command;
    }

    private static ModelArchitecture architecture(long[] shape) {
        return new ModelArchitecture() {
            @Override
            public String id() {
                return "tiny";
            }

            @Override
            public String description() {
                return "one tensor";
            }

            @Override
            public boolean recognizes(Path directory) {
                return true;
            }

            @Override
            public List<CheckpointSpec> expectedCheckpoints(Path directory) {
                return List.of(CheckpointSpec.of(List.of("model.safetensors"), "config.json",
                        List.of(TensorSpec.parameter("w", shape))));
            }
        };
    }

    /** A bundle context holding exactly one ModelArchitecture service. */
    private static BundleContext contextWith(ModelArchitecture architecture) {
        ServiceReference<?> reference = (ServiceReference<?>) Proxy.newProxyInstance(
                ModelVerifyCommandTest.class.getClassLoader(), new Class<?>[] {ServiceReference.class},
                (proxy, method, args) -> method.getName().equals("getProperty") ? null : defaultValue(method));
        Map<String, Object> answers = Map.of("getServiceReferences", List.of(reference),
                "getService", architecture, "ungetService", true);
        return (BundleContext) Proxy.newProxyInstance(ModelVerifyCommandTest.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> answers.get(method.getName()));
    }

    private static Object defaultValue(java.lang.reflect.Method method) {
        return method.getReturnType() == boolean.class ? false : null;
    }
}
