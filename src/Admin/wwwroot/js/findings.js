// Draws the findings charts with Apache ECharts from the data-chart attribute of each chart box. The same figures
// are in the table beside each chart, for screen readers and for copying.
(function () {
    'use strict';
    if (typeof echarts === 'undefined') return;
    document.querySelectorAll('.chart[data-chart]').forEach(function (box) {
        var data = JSON.parse(box.getAttribute('data-chart'));
        var chart = echarts.init(box, null, { renderer: 'svg' });
        chart.setOption({
            animation: false,
            grid: { left: 40, right: 10, top: 10, bottom: 40, containLabel: true },
            tooltip: { trigger: 'axis', renderMode: 'richText' },
            xAxis: { type: 'category', data: data.labels, axisLabel: { interval: 0, rotate: data.labels.length > 6 ? 40 : 0 } },
            yAxis: { type: 'value', minInterval: 1 },
            series: [{ type: data.type === 'line' ? 'line' : 'bar', data: data.values, itemStyle: { color: '#1f4e8c' } }]
        });
        window.addEventListener('resize', function () { chart.resize(); });
    });
})();
