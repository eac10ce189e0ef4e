/**
 * How components read their configuration alike: {@link org.clipfusion.api.config.ConfigLists}, the one way a
 * list-valued property is read however a plant wrote it, and {@link org.clipfusion.api.config.ObjectNames}, the one
 * rule for naming a category's object in prompts. Helpers for providers and the engine, not service interfaces.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.clipfusion.api.config;
