# The app image: built with the project's Maven wrapper on a JDK 17, run on a JRE 17.
FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -pl app -am package -DskipTests

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --no-create-home cdp
COPY --from=build /src/app/target/cdp-app.jar /opt/cdp/cdp-app.jar
USER cdp
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/opt/cdp/cdp-app.jar"]
