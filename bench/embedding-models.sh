# Sourced by bench/embedding-eval and bench/search-eval: the class path of the embedding models langchain4j ships as
# Maven artifacts (see bench/EmbeddingEval.java), taken from the local Maven repository and fetched there once with
# mvnw dependency:get when missing. Sets $models_cp (":jar:jar..."). They are bench dependencies, not the app's.
repo=${MAVEN_REPO:-$HOME/.m2/repository}/dev/langchain4j
models_cp=
for m in all-minilm-l6-v2:1.19.0-beta29 e5-small-v2-q:1.11.0-beta19 e5-small-v2:1.11.0-beta19 \
         bge-small-en-v15-q:1.11.0-beta19 bge-small-en-v15:1.11.0-beta19; do
  name=${m%%:*}; version=${m#*:}
  jar=$repo/langchain4j-embeddings-$name/$version/langchain4j-embeddings-$name-$version.jar
  [ -f "$jar" ] || "$here/mvnw" -B -q dependency:get -Dartifact="dev.langchain4j:langchain4j-embeddings-$name:$version" -Dtransitive=false
  models_cp=$models_cp:$jar
done
