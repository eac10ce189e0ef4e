package org.clipfusion.tensor.torch.internal;

import java.util.List;

/** An allow-listed global that a pickle may call with {@code REDUCE}: a pure function building plain data. */
@FunctionalInterface
public interface PickleCallable {
    /**
     * @param arguments the argument tuple, as the pickle gave it
     * @throws PickleException when the arguments are not what the real function takes
     */
    Object call(List<Object> arguments) throws PickleException;
}
