using Evaluation.Shared.Results;

namespace Evaluation.Tests.Domain;

/// <summary>Art. 7: personal data in an opinion's text is masked before publication, ordinary numbers are not.</summary>
public class RedactionTests
{
    [Theory]
    [InlineData("我的身份证号是11010519491231002X，请核实", "11010519491231002X", Redaction.Kinds.IdCard)]
    [InlineData("身份证11010519491231002x。", "11010519491231002x", Redaction.Kinds.IdCard)]
    [InlineData("证件号130982199003071239", "130982199003071239", Redaction.Kinds.IdCard)]
    [InlineData("老身份证130982850307123号码", "130982850307123", Redaction.Kinds.IdCard)]
    [InlineData("联系电话13812345678", "13812345678", Redaction.Kinds.Mobile)]
    [InlineData("手机：+86 138 1234 5678。", "+86 138 1234 5678", Redaction.Kinds.Mobile)]
    [InlineData("手机+86-13912345678谢谢", "+86-13912345678", Redaction.Kinds.Mobile)]
    [InlineData("打 159-1234-5678 找我", "159-1234-5678", Redaction.Kinds.Mobile)]
    [InlineData("座机0317-2212345转办公室", "0317-2212345", Redaction.Kinds.Landline)]
    [InlineData("北京010-62345678", "010-62345678", Redaction.Kinds.Landline)]
    [InlineData("电话（0317）22123456", "（0317）22123456", Redaction.Kinds.Landline)]
    [InlineData("家里电话03172212345", "03172212345", Redaction.Kinds.Landline)]
    [InlineData("手机(+86)13812345678", "(+86)13812345678", Redaction.Kinds.Mobile)]
    [InlineData("邮箱：ＺＨＡＮＧ＠ＥＸＡＭＰＬＥ．ＣＮ", "ＺＨＡＮＧ＠ＥＸＡＭＰＬＥ．ＣＮ", Redaction.Kinds.Email)]
    [InlineData("请发邮件到 zhang.san+rq@example.com.cn 联系", "zhang.san+rq@example.com.cn", Redaction.Kinds.Email)]
    [InlineData("退款请打到6222021234567890128。", "6222021234567890128", Redaction.Kinds.BankCard)]
    [InlineData("卡号 6217 0001 2345 6788 已停用", "6217 0001 2345 6788", Redaction.Kinds.BankCard)]
    [InlineData("卡号4000-1234-1234-1234", "4000-1234-1234-1234", Redaction.Kinds.BankCard)]
    public void Each_kind_of_personal_data_is_found_and_masked_keeping_the_length(string text, string data, string kind)
    {
        var found = Assert.Single(Redaction.Find(text));
        Assert.Equal(kind, found.Kind);
        Assert.Equal(data, text.Substring(found.Start, found.Length));
        var redacted = Redaction.Redact(text);
        Assert.Equal(text.Length, redacted.Length);
        Assert.Equal(text.Replace(data, new string(Redaction.Mask, data.Length)), redacted);
        Assert.DoesNotContain(data, redacted);
    }

    [Fact]
    public void Several_pieces_of_personal_data_in_one_text_are_all_masked()
    {
        const string text = "本人张某，身份证130982199003071239，电话13812345678，邮箱a@b.cn，卡号6222021234567890128，座机0317-2212345。";
        var redacted = Redaction.Redact(text);
        Assert.Equal("本人张某，身份证******************，电话***********，邮箱******，卡号*******************，座机************。", redacted);
        Assert.Equal([Redaction.Kinds.IdCard, Redaction.Kinds.Mobile, Redaction.Kinds.Email, Redaction.Kinds.BankCard, Redaction.Kinds.Landline],
            Redaction.Find(text).Select(m => m.Kind));
    }

    [Fact]
    public void Fullwidth_digits_are_found_too() =>
        Assert.Equal("电话：＊＊＊＊＊＊＊＊＊＊＊".Replace('＊', Redaction.Mask), Redaction.Redact("电话：１３８１２３４５６７８"));

    [Theory]
    [InlineData("2024年3月1日起施行，2024-03-01至2025-03-01")]
    [InlineData("20240301发布，20250228截止，统计到202403")]
    [InlineData("补贴共1,200,000元，人均3.5万元，占12.5%，较上年增长15%")]
    [InlineData("依据任政发〔2023〕12号和冀政办字〔2021〕156号文件")]
    [InlineData("2019年至2023年，共计4年，受理1388件，办结1360件")]
    [InlineData("投资15000000000元，也就是150亿")]
    [InlineData("全年13800000000元的预算")]
    [InlineData("订单号6222021234567890127")] // fails the Luhn check
    [InlineData("第12345678901234567890号")] // longer than any of them
    [InlineData("金额¥13812345678")]
    [InlineData("比例0.13812345678")]
    [InlineData("共有3,813,812,345,678人次")]
    [InlineData("邮政编码062550，统一社会信用代码91130982MA0CXXXX1X")]
    [InlineData("时间 10:30-11:45，房间 0317 号")]
    [InlineData("服务热线12345，咨询电话400-123-4567")]
    [InlineData("2024.03.01发布，2024/3/1起施行，2024-03-01T10:30:00")]
    [InlineData("第138页至第139页，共13812页")]
    public void Ordinary_numbers_are_not_personal_data(string text)
    {
        Assert.Empty(Redaction.Find(text));
        Assert.Equal(text, Redaction.Redact(text));
    }

    [Fact]
    public void A_mistyped_id_card_number_is_masked_all_the_same() =>
        // The check character is wrong (the last digit mistyped), yet region and birth date make it someone's number.
        Assert.Equal("我的身份证号是******************，请核实", Redaction.Redact("我的身份证号是130982198001011234，请核实"));

    [Fact]
    public void An_id_card_number_with_an_impossible_birth_date_is_not_one() =>
        // Valid check digit arithmetic aside, 1990-02-30 does not exist.
        Assert.False(Redaction.IsIdCardNumber("130982199002301234"));

    [Theory]
    [InlineData("11010519491231002X", true)]
    [InlineData("130982199003071239", true)]
    [InlineData("130982199003071238", false)]
    [InlineData("130982850307123", true)]
    [InlineData("130982851307123", false)]
    public void Id_card_numbers_are_checked_by_their_check_character_and_birth_date(string number, bool valid) =>
        Assert.Equal(valid, Redaction.IsIdCardNumber(number));

    [Fact]
    public void Masking_more_by_hand_is_accepted()
    {
        const string original = "我是新华路的王某，电话13812345678，建议延长停车时间。";
        var automatic = Redaction.Redact(original);
        var more = automatic.Replace("新华路的王某", "******", StringComparison.Ordinal);
        Assert.Equal(Redaction.HandMasking.Valid, Redaction.CheckHandMasking(original, automatic));
        Assert.Equal(Redaction.HandMasking.Valid, Redaction.CheckHandMasking(original, more));
    }

    [Fact]
    public void Windows_line_endings_from_a_textarea_do_not_count_as_a_change()
    {
        const string original = "第一行\n电话13812345678\n第三行";
        Assert.Equal(Redaction.HandMasking.Valid,
            Redaction.CheckHandMasking(original, Redaction.Redact(original).Replace("\n", "\r\n", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("我是新华路的王某，电话***********，建议缩短停车时间。")] // a word changed
    [InlineData("我是新华路的王某，电话***********，建议延长停车时间")] // a character removed
    [InlineData("我是新华路的王某，电话***********，建议延长停车时间。！")] // a character added
    [InlineData("")]
    public void Rewriting_an_opinion_is_refused(string edited) =>
        Assert.Equal(Redaction.HandMasking.Rewritten, Redaction.CheckHandMasking("我是新华路的王某，电话13812345678，建议延长停车时间。", edited));

    [Fact]
    public void Showing_again_what_was_masked_automatically_is_refused() =>
        Assert.Equal(Redaction.HandMasking.Unmasked,
            Redaction.CheckHandMasking("电话13812345678，建议延长", "电话13812345678，建议**"));

    [Fact]
    public void A_character_outside_the_basic_plane_is_masked_by_one_mask() =>
        Assert.Equal(Redaction.HandMasking.Valid, Redaction.CheckHandMasking("好😀评", "好*评"));
}
