/** The {@code clipfusion:token-*} commands (registered only where Karaf's shell runs). */
package org.clipfusion.http.internal.command;
