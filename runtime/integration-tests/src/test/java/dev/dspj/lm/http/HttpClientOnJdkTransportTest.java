package dev.dspj.lm.http;

/** Every test of {@link HttpClientAgainstSimTest} again, with requests sent by the JDK's HTTP client. */
class HttpClientOnJdkTransportTest extends HttpClientAgainstSimTest {

    @Override
    Transport transport() {
        return Transport.JDK;
    }
}
