/** The Microsoft Fabric Livy API backend of livy4j. */
module io.github.livy4j.fabric {
  requires transitive io.github.livy4j.core;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports io.github.livy4j.fabric;
}
