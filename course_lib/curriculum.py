"""The course map: chapters, notebooks and their minutes.

One row per lesson notebook, in teaching order. ``file`` is the notebook's
name under ``notebooks/``; a test keeps the minutes here equal to the front
matter of each notebook that exists.

>>> course_map().loc[0, "file"]
'00_start_here.ipynb'
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

__all__ = ["CHAPTERS", "NOTEBOOKS", "course_map", "notebooks_dir"]

CHAPTERS: dict[int, tuple[str, str]] = {
    0: ("Start here", "入门"),
    1: ("Background", "引言与背景"),
    2: ("Strategy", "运营策略制定"),
    3: ("Execution", "运营实施步骤"),
    4: ("Evaluation", "效果评估与优化"),
    5: ("Cases", "案例分析"),
    6: ("Outlook", "总结与展望"),
}

# (chapter, file, title, teaching minutes, exercise minutes)
NOTEBOOKS: list[tuple[int, str, str, int, int]] = [
    (0, "00_start_here.ipynb", "Start here: the course, the brand, the tools", 20, 10),
    (1, "01_1_landscape.ipynb", "Social media landscape", 30, 15),
    (1, "01_2_brand_audit.ipynb", "Brand audit", 35, 20),
    (2, "02_1_audience_personas.ipynb", "Audience and personas", 40, 20),
    (2, "02_2_goals_platforms.ipynb", "Goals and platform selection", 35, 20),
    (2, "02_3_content_strategy.ipynb", "Content strategy", 40, 20),
    (2, "02_4_campaigns_influencers_community.ipynb", "Campaigns, influencers, community", 40, 20),
    (3, "03_1_execution_plan.ipynb", "Execution plan and team", 30, 15),
    (3, "03_2_budget_resources.ipynb", "Budget and resources", 40, 20),
    (3, "03_3_monitoring_risk.ipynb", "Monitoring, layering and risk", 40, 20),
    (4, "04_1_user_interaction_data.ipynb", "User and interaction data", 35, 20),
    (4, "04_2_kpi_scorecard.ipynb", "KPI framework and scorecard", 40, 20),
    (4, "04_3_experiments_causal.ipynb", "Experiments and causal evaluation", 45, 25),
    (4, "04_4_drivers_prediction.ipynb", "Drivers and prediction", 45, 25),
    (4, "04_5_feedback_sentiment.ipynb", "Feedback and sentiment", 40, 20),
    (5, "05_1_success_cases.ipynb", "Success cases", 30, 30),
    (5, "05_2_failure_diagnosis.ipynb", "Failure diagnosis", 30, 30),
    (5, "05_3_evaluation_methods.ipynb", "Evaluation methods on a case", 30, 25),
    (6, "06_1_trends_forecasting.ipynb", "Trends and forecasting", 35, 20),
    (6, "06_2_capstone.ipynb", "Capstone", 30, 60),
]


def notebooks_dir() -> Path:
    """The ``notebooks/`` folder of the course repository."""
    return Path(__file__).resolve().parent.parent / "notebooks"


def course_map() -> pd.DataFrame:
    """The course map as a table, with whether each notebook is available yet."""
    df = pd.DataFrame(NOTEBOOKS, columns=["chapter", "file", "title", "teach_min", "exercise_min"])
    df.insert(1, "chapter_title", df["chapter"].map(lambda c: f"{CHAPTERS[c][0]} ({CHAPTERS[c][1]})"))
    folder = notebooks_dir()
    df["available"] = df["file"].map(lambda f: (folder / f).is_file())
    return df
