"""Helper package of the course "Social Media Operations: Strategy & Evaluation".

Import the modules you need (``from course_lib import data, checks, viz``); the
package itself imports nothing heavy, so ``import course_lib`` is quick.
"""
__version__ = "0.1.0"
