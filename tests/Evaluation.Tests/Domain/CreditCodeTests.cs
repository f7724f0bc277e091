using Evaluation.Shared.Respondents;

namespace Evaluation.Tests.Domain;

public class CreditCodeTests
{
    [Theory]
    [InlineData("914403001922038216")]   // 华为技术有限公司
    [InlineData("91110108551385082Q")]   // 北京小米科技有限责任公司
    [InlineData("91330100716105852F")]   // 阿里巴巴（中国）有限公司
    [InlineData("91350100M000100Y43")]   // the standard's own example
    [InlineData("12100000400000624D")]   // a public institution (registration authority 1)
    public void Real_codes_are_valid(string code)
    {
        Assert.True(CreditCode.TryNormalize(code, out var normalized));
        Assert.Equal(code, normalized);
    }

    [Theory]
    [InlineData("914403001922038217")]   // check symbol off by one
    [InlineData("91110108551385082R")]
    [InlineData("91330100716105852G")]
    public void A_wrong_check_symbol_is_refused(string code) => Assert.False(CreditCode.TryNormalize(code, out _));

    [Theory]
    [InlineData("9144030019220382")]     // too short
    [InlineData("9144030019220382160")]  // too long
    [InlineData("91440300192203821I")]   // I is not in the alphabet
    [InlineData("")]
    public void Malformed_codes_are_refused(string code) => Assert.False(CreditCode.TryNormalize(code, out _));

    [Fact]
    public void Codes_are_read_as_typed_with_spaces_lower_case_and_full_width()
    {
        Assert.True(CreditCode.TryNormalize(" 9111 0108 5513 8508 2q ", out var code));
        Assert.Equal("91110108551385082Q", code);
        Assert.True(CreditCode.TryNormalize("９１１１０１０８５５１３８５０８２Ｑ", out var fullWidth));
        Assert.Equal("91110108551385082Q", fullWidth);
    }

    [Fact]
    public void Any_single_changed_symbol_is_caught()
    {
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        const string code = "914403001922038216";
        for (var i = 0; i < 17; i++)
        foreach (var c in alphabet.Where(c => c != code[i]))
            Assert.False(CreditCode.TryNormalize(code[..i] + c + code[(i + 1)..], out _));
    }

    [Theory]
    [InlineData("914403001922038216", "enterprise")]
    [InlineData("12100000400000624D", "organization")]
    public void The_registration_authority_tells_enterprises_from_organizations(string code, string type) =>
        Assert.Equal(type, CreditCode.RespondentType(code));
}
