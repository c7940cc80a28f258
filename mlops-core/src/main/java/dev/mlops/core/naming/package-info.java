/**
 * The names of deployed things: {@link dev.mlops.core.naming.Environment}, {@link dev.mlops.core.naming.Service},
 * {@link dev.mlops.core.naming.ExternalId} and {@link dev.mlops.core.naming.Alias}. Every package may use it; it uses
 * none.
 */
package dev.mlops.core.naming;
