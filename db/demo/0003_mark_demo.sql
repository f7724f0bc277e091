-- The seed document of the demo is demo data.
update decision set is_demo = true where title = '任丘市重大行政决策实施情况跟踪反馈和后评估办法（试行）';
