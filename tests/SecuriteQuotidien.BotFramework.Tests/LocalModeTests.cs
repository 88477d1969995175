using System.Net;
using Microsoft.AspNetCore.Http;
using SecuriteQuotidien.BotFramework.Configuration;

namespace SecuriteQuotidien.BotFramework.Tests;

/// <summary>The decision of the local anonymous mode: every condition is needed, and the address is the connection's.</summary>
public sealed class LocalModeTests
{
    private const string InstanceId = "4f1c3e0d9b2a8c7d6e5f4a3b2c1d0e9f";

    [Theory]
    [InlineData(true, false, null, true)]
    [InlineData(true, false, "", true)]
    [InlineData(false, false, null, false)]
    [InlineData(true, true, null, false)]
    [InlineData(true, false, InstanceId, false)]
    [InlineData(false, true, InstanceId, false)]
    public void The_mode_needs_development_no_app_id_and_no_App_Service_instance(bool development, bool hasAppId, string? instanceId, bool enabled)
    {
        Assert.Equal(enabled, new LocalMode(development, hasAppId, instanceId).IsEnabled);
    }

    [Theory]
    [InlineData(true, false, null, true)]
    [InlineData(true, true, null, true)]
    [InlineData(true, true, InstanceId, false)]
    [InlineData(false, false, null, false)]
    public void Local_development_is_development_outside_App_Service_whatever_the_app_id(bool development, bool hasAppId, string? instanceId, bool local)
    {
        Assert.Equal(local, new LocalMode(development, hasAppId, instanceId).IsLocalDevelopment);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.31.4.2", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("10.0.0.5", false)]
    [InlineData("192.168.1.20", false)]
    [InlineData("203.0.113.7", false)]
    [InlineData("::ffff:10.0.0.5", false)]
    [InlineData("2001:db8::1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData(null, false)]
    public void Only_a_loopback_remote_address_is_a_local_request(string? remote, bool local)
    {
        Assert.Equal(local, LocalMode.IsLocalRequest(Request(remote).Connection));
    }

    [Fact]
    public void Forwarding_headers_do_not_make_a_request_local()
    {
        var http = Request("203.0.113.7");
        http.Request.Headers["X-Forwarded-For"] = "127.0.0.1";
        http.Request.Headers["X-Real-IP"] = "127.0.0.1";
        http.Request.Headers["Forwarded"] = "for=127.0.0.1";
        http.Request.Host = new HostString("localhost", 3978);

        Assert.False(LocalMode.IsLocalRequest(http.Connection));
        Assert.False(new LocalMode(development: true, hasAppId: false, appServiceInstanceId: null).Admits(http));
    }

    [Fact]
    public void A_local_request_is_admitted_only_when_the_mode_is_on()
    {
        var http = Request("127.0.0.1");

        Assert.True(new LocalMode(development: true, hasAppId: false, appServiceInstanceId: null).Admits(http));
        Assert.False(new LocalMode(development: true, hasAppId: false, appServiceInstanceId: InstanceId).Admits(http));
        Assert.False(new LocalMode(development: true, hasAppId: true, appServiceInstanceId: null).Admits(http));
        Assert.False(new LocalMode(development: false, hasAppId: false, appServiceInstanceId: null).Admits(http));
    }

    private static DefaultHttpContext Request(string? remote) =>
        new() { Connection = { RemoteIpAddress = remote is null ? null : IPAddress.Parse(remote) } };
}
