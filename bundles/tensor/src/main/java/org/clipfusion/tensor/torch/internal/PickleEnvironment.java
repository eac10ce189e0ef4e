package org.clipfusion.tensor.torch.internal;

/**
 * What the safe interpreter may reach outside plain data: the globals it allows, and how persistent ids (the
 * out-of-band objects of a pickle, PyTorch's storages) become values.
 */
public interface PickleEnvironment {
    /**
     * The value of global {@code module.name}: a {@link PickleCallable}, or a marker the environment understands
     * later (e.g. a storage type).
     *
     * @throws PickleException for any global not on the allow-list, naming it; nothing is ever looked up by name
     *     beyond that list, so a pickle cannot run code
     */
    Object global(String module, String name) throws PickleException;

    /** The object persistent id {@code pid} stands for. */
    Object persistentLoad(Object pid) throws PickleException;
}
