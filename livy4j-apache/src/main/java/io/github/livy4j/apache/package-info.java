/**
 * The Apache Livy backend: {@link io.github.livy4j.apache.ApacheLivy}.
 */
package io.github.livy4j.apache;
