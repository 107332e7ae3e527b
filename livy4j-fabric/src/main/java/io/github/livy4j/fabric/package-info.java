/**
 * The Microsoft Fabric Livy backend: {@link io.github.livy4j.fabric.FabricLivy}.
 */
package io.github.livy4j.fabric;
