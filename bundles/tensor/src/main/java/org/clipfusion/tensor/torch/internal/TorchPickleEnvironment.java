package org.clipfusion.tensor.torch.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.clipfusion.tensor.torch.TorchStorage;
import org.clipfusion.tensor.torch.TorchTensor;

/**
 * The globals a PyTorch state dict needs, and nothing else: {@code collections.OrderedDict}, the tensor and
 * parameter rebuild functions of {@code torch._utils}, the typed storage classes, and {@code _codecs.encode} (how
 * protocol 2 pickles bytes). Each is re-implemented here as a pure function; any other global is refused by name.
 * Persistent ids {@code ('storage', type, key, location, numel)} become {@link TorchStorage}s, one per key.
 */
public final class TorchPickleEnvironment implements PickleEnvironment {
    private static final Map<String, PickleCallable> FUNCTIONS = Map.of(
            "collections.OrderedDict", TorchPickleEnvironment::orderedDict,
            "torch._utils._rebuild_tensor_v2", TorchPickleEnvironment::rebuildTensor,
            "torch._utils._rebuild_parameter", TorchPickleEnvironment::rebuildParameter,
            "torch._utils._rebuild_parameter_with_state", TorchPickleEnvironment::rebuildParameter,
            "_codecs.encode", TorchPickleEnvironment::encode);

    private final Map<String, TorchStorage> storages = new HashMap<>();

    @Override
    public Object global(String module, String name) throws PickleException {
        String qualified = module + "." + name;
        PickleCallable function = FUNCTIONS.get(qualified);
        if (function != null) {
            return function;
        }
        if (module.equals("torch")) {
            Optional<TorchStorageType> storageType = TorchStorageType.forClassName(name);
            if (storageType.isPresent()) {
                return storageType.get();
            }
        }
        throw new PickleException("refusing global '" + qualified + "': a checkpoint may only use "
                + "collections.OrderedDict, torch._utils._rebuild_tensor_v2/_rebuild_parameter, torch.*Storage and "
                + "_codecs.encode; anything else could run code when loaded, so this file is not a plain state dict");
    }

    @Override
    public Object persistentLoad(Object pid) throws PickleException {
        if (!(pid instanceof List<?> fields) || fields.size() != 5 || !"storage".equals(fields.get(0))) {
            throw new PickleException("unknown persistent id " + describe(pid)
                    + ": expected ('storage', type, key, location, numel)");
        }
        if (!(fields.get(1) instanceof TorchStorageType type)) {
            throw new PickleException("persistent id " + describe(pid) + " does not name a torch storage type");
        }
        String key = String.valueOf(fields.get(2));
        long elementCount = toLong(fields.get(4), "storage element count");
        TorchStorage storage = storages.computeIfAbsent(key, k -> new TorchStorage(k, type.dtype(), elementCount));
        if (storage.dtype() != type.dtype() || storage.elementCount() != elementCount) {
            throw new PickleException("storage '" + key + "' is described twice, as " + storage.dtype() + " x "
                    + storage.elementCount() + " and as " + type.dtype() + " x " + elementCount);
        }
        return storage;
    }

    /** OrderedDict() or OrderedDict(list of pairs). */
    private static Object orderedDict(List<Object> arguments) throws PickleException {
        Map<Object, Object> dict = new LinkedHashMap<>();
        if (!arguments.isEmpty()) {
            if (!(arguments.get(0) instanceof List<?> pairs)) {
                throw new PickleException("OrderedDict(" + describe(arguments.get(0)) + ") is not supported");
            }
            for (Object pair : pairs) {
                if (!(pair instanceof List<?> entry) || entry.size() != 2) {
                    throw new PickleException("OrderedDict item " + describe(pair) + " is not a pair");
                }
                dict.put(entry.get(0), entry.get(1));
            }
        }
        return dict;
    }

    /** {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])}. */
    private static Object rebuildTensor(List<Object> arguments) throws PickleException {
        if (arguments.size() < 4 || !(arguments.get(0) instanceof TorchStorage storage)) {
            throw new PickleException("_rebuild_tensor_v2 expects (storage, offset, size, stride, ...), got "
                    + describe(arguments));
        }
        long offset = toLong(arguments.get(1), "storage offset");
        long[] shape = toLongs(arguments.get(2), "size");
        long[] stride = toLongs(arguments.get(3), "stride");
        try {
            return new TorchTensor(storage, offset, shape, stride);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new PickleException("invalid tensor: " + e.getMessage());
        }
    }

    /** A parameter is its data tensor; requires_grad, hooks and Python state do not matter for weights. */
    private static Object rebuildParameter(List<Object> arguments) throws PickleException {
        if (arguments.isEmpty() || !(arguments.get(0) instanceof TorchTensor tensor)) {
            throw new PickleException("_rebuild_parameter expects a tensor first, got " + describe(arguments));
        }
        return tensor;
    }

    /** {@code _codecs.encode(text, 'latin1')}: protocol 2's spelling of a bytes object. */
    private static Object encode(List<Object> arguments) throws PickleException {
        if (arguments.size() != 2 || !(arguments.get(0) instanceof String text)
                || !List.of("latin1", "latin-1", "iso-8859-1").contains(String.valueOf(arguments.get(1)).toLowerCase())) {
            throw new PickleException("_codecs.encode is only accepted as encode(str, 'latin1'), got "
                    + describe(arguments));
        }
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static long toLong(Object value, String what) throws PickleException {
        if (value instanceof Long number) {
            return number;
        }
        if (value instanceof BigInteger) {
            throw new PickleException(what + " " + value + " is too large");
        }
        throw new PickleException(what + " is " + describe(value) + ", not an int");
    }

    private static long[] toLongs(Object value, String what) throws PickleException {
        if (!(value instanceof List<?> items)) {
            throw new PickleException(what + " is " + describe(value) + ", not a tuple of ints");
        }
        long[] result = new long[items.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = toLong(items.get(i), what + "[" + i + "]");
        }
        return result;
    }

    private static String describe(Object value) {
        String text = String.valueOf(value);
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
